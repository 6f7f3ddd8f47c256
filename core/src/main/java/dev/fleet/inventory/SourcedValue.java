package dev.fleet.inventory;

/** A parsed setting value, the key path it was written under, and where. */
record SourcedValue(Object value, String keyPath, YamlNode node, SettingOrigin origin) {}
