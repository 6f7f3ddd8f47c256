package dev.fleet.hooks;

import dev.fleet.nginx.StepObserver;

/**
 * Hears hooks start and end. A host's hooks are also steps of that host ({@link StepObserver}),
 * so reports and the console show them beside the host's other steps.
 */
public interface HookObserver extends StepObserver {

  /** Written before the command starts, so that a resumed run knows a host's before_host ran. */
  default void hookStarted(String hook, String host, int batch) {}

  default void hookFinished(HookResult result) {}
}
