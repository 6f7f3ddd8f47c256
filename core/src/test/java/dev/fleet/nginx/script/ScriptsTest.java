package dev.fleet.nginx.script;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptsTest {
  /**
   * A composed script missing from {@link Scripts#all()} would still run, only sent in each of its
   * requests instead of held by the host's shell from its start: nothing else would notice.
   */
  @Test
  void everyComposedScriptIsOneTheShellsHold() throws Exception {
    List<String> all = Scripts.all();
    int composed = 0;
    for (Method m : Scripts.class.getDeclaredMethods()) {
      int mod = m.getModifiers();
      if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && m.getParameterCount() == 0 && m.getReturnType() == String.class) {
        composed++;
        assertTrue(all.contains((String) m.invoke(null)), "Scripts." + m.getName() + "() is not in Scripts.all()");
      }
    }
    assertTrue(composed >= 10, "found only " + composed + " composed scripts: the test no longer sees them");
  }
}
