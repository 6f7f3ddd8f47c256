package dev.fleet.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that starts real hosts (sshd, nginx, Linux namespaces) and so needs root.
 * {@code mvn test} leaves these out for a fast loop; {@code mvn verify} runs them with Failsafe,
 * and they fail, never skip, when their hosts cannot start.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RealFleetTest.TAG)
public @interface RealFleetTest {
  String TAG = "real-fleet";
}
