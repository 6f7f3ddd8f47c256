package dev.fleet.inventory;

/** One effective setting as shown to the user: its key, its value as text, and its origin. */
public record ResolvedSetting(String key, String value, SettingOrigin origin) {}
