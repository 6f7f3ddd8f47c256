package dev.fleet.inventory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code upgrade.*} setting, declared once: its inventory key, its command-line flag, how its
 * text is read, its built-in default and the help line that explains it. The reader, the flags of
 * the commands that take it, {@code fleet inventory}'s provenance view and the README's settings
 * table (checked by a test) all derive from these declarations: a new setting is one entry in
 * {@link #ALL}.
 */
public final class UpgradeSetting<T> {

  /** Reads a value as typed; throws IllegalArgumentException with a message for the user. */
  interface Parser<T> {
    T parse(String text, PathResolver paths);
  }

  public static final UpgradeSetting<Path> BINARY =
      withoutDefault(
          "binary",
          "FILE",
          "The new nginx: a local file, relative to the inventory file (`~` allowed); must exist and be readable.",
          "required by `upgrade` and `plan`; `status`, `check`, `rollback` and `fleet inventory` do without",
          (text, paths) -> paths.readableFile(text));

  public static final UpgradeSetting<URI> BINARY_URL =
      withoutDefault(
          "binary_url",
          "URL",
          "Where each host downloads the new nginx instead (`http`/`https`, no `user:password@`), with curl or else wget, into the temporary file beside its binary; excludes `binary` (a `--binary` on the command line replaces it, and `--binary-url` replaces a `binary`).",
          "none: fleet sends `binary`",
          (text, paths) -> PulledBinaryRules.url(text));

  public static final UpgradeSetting<String> BINARY_URL_AUTH_ENV =
      withoutDefault(
          "binary_url_auth_env",
          "VARIABLE",
          "Name of the environment variable holding the artifact server's token: sent as `Authorization: Bearer TOKEN`, or as is when the value is a whole header line (`X-JFrog-Art-Api: KEY`); travels to each host on the stage command's stdin, never in argv, transcripts, reports or the journal; an unset variable is an error naming this key (not for `status`, `check`, `rollback`, which download nothing).",
          "no header",
          (text, paths) -> HostSettingParsers.variableName(text, "token"));

  public static final UpgradeSetting<String> SHA256 =
      withoutDefault("sha256", "DIGEST", "64 hex digits; the binary must have this digest (with `binary_url`, each host checks its download against it).", "not checked; required with `binary_url`", (text, paths) -> sha256(text));

  public static final UpgradeSetting<List<Amount>> BATCHES =
      withDefault(
          "batches",
          "SIZES",
          "Batch sizes: a count (`5`) or a share of the selected hosts (`10%`, rounded down); the first batch is the canary when later batches follow it; the last size repeats until every host is done. On the command line comma-separated: `1,10%,100%`.",
          List.of(new Amount(1, false), new Amount(100, true)),
          (text, paths) -> batches(text));

  public static final UpgradeSetting<Integer> PARALLEL =
      withDefault("parallel", "N", "Most hosts in flight at once, 1-10000.", 10, (text, paths) -> HostSettingParsers.integer(text, 1, 10_000));

  public static final UpgradeSetting<Amount> MAX_FAILURES =
      withDefault("max_failures", "N|P%", "Failure budget of the whole run: a count or a share (`5%`) of the selected hosts.", new Amount(0, false), (text, paths) -> Amount.parse(text));

  public static final UpgradeSetting<Amount> CANARY_MAX_FAILURES =
      withDefault(
          "canary_max_failures",
          "N|P%",
          "Failed hosts the canary batch may have, a count or a share (`10%`) of its hosts; the whole-run budget still binds it. Only when later batches follow the first: a run of one batch has no canary and `max_failures` alone decides.",
          new Amount(0, false),
          (text, paths) -> Amount.parse(text));

  public static final UpgradeSetting<Pause> PAUSE =
      withDefault(
          "pause", "DURATION|manual", "Duration between batches, or `manual` to stop after each batch until `fleet resume`.", Pause.NONE, (text, paths) -> Pause.parse(text));

  public static final UpgradeSetting<Duration> SOAK =
      withDefault("soak", "DURATION", "Watch an upgraded host this long (new workers stable, error log quiet) before committing it.", Duration.ofSeconds(10), (text, paths) -> DurationParser.parse(text));

  public static final UpgradeSetting<Duration> DRAIN_TIMEOUT =
      withDefault(
          "drain_timeout",
          "DURATION",
          "How long old workers may take to finish their requests after WINCH.",
          Duration.ofSeconds(60),
          (text, paths) -> HostSettingParsers.positive(DurationParser.parse(text)));

  /** As UpgradeTimeouts' default: giving up sooner leaves two masters behind. */
  public static final UpgradeSetting<Duration> RECONNECT_WINDOW =
      withDefault(
          "reconnect_window",
          "DURATION",
          "How long a host whose connection broke half-way is tried again before the run ends needing attention (`fleet resume` finishes it once it answers).",
          Duration.ofMinutes(2),
          (text, paths) -> HostSettingParsers.positive(DurationParser.parse(text)));

  public static final UpgradeSetting<RollbackPolicy> ROLLBACK =
      withDefault("rollback", "host|batch|all", "What a breach of the failure budget rolls back: `host`, `batch` or `all`.", RollbackPolicy.BATCH, (text, paths) -> rollback(text));

  public static final UpgradeSetting<Duration> HOOK_TIMEOUT =
      withDefault(
          "hook_timeout",
          "DURATION",
          "How long each of `upgrade.hooks` may run before it is killed with its whole process group (and counts as failed).",
          Duration.ofSeconds(30),
          (text, paths) -> HostSettingParsers.positive(DurationParser.parse(text)));

  /** Every upgrade setting, in the order users are shown them. */
  public static final List<UpgradeSetting<?>> ALL =
      List.of(BINARY, BINARY_URL, BINARY_URL_AUTH_ENV, SHA256, BATCHES, PARALLEL, MAX_FAILURES, CANARY_MAX_FAILURES, PAUSE, SOAK, DRAIN_TIMEOUT, RECONNECT_WINDOW, ROLLBACK, HOOK_TIMEOUT);

  private final String key;
  private final String label;
  private final String help;
  private final T builtIn;
  private final String absent;
  private final Parser<T> parser;

  private static <T> UpgradeSetting<T> withDefault(String key, String label, String help, T builtIn, Parser<T> parser) {
    return new UpgradeSetting<>(key, label, help, builtIn, null, parser);
  }

  /** A setting with no default: {@code absent} says what its absence means. */
  private static <T> UpgradeSetting<T> withoutDefault(String key, String label, String help, String absent, Parser<T> parser) {
    return new UpgradeSetting<>(key, label, help, null, absent, parser);
  }

  private UpgradeSetting(String key, String label, String help, T builtIn, String absent, Parser<T> parser) {
    this.key = key;
    this.label = label;
    this.help = help;
    this.builtIn = builtIn;
    this.absent = absent;
    this.parser = parser;
  }

  public static Optional<UpgradeSetting<?>> byKey(String key) {
    return ALL.stream().filter(s -> s.key.equals(key)).findFirst();
  }

  public static List<String> keys() {
    return ALL.stream().map(UpgradeSetting::key).toList();
  }

  /** The key under {@code upgrade:}, e.g. {@code max_failures}. */
  public String key() {
    return key;
  }

  /** The command-line flag: the key with dashes, e.g. {@code --max-failures}. */
  public String flag() {
    return "--" + key.replace('_', '-');
  }

  /** What the flag's value looks like in --help, e.g. {@code N|P%}. */
  public String label() {
    return label;
  }

  /** What it means, for --help and the docs. */
  public String help() {
    return help;
  }

  /** The value when neither the inventory nor a flag gives one; empty for binary and sha256. */
  public Optional<T> builtIn() {
    return Optional.ofNullable(builtIn);
  }

  /** The default as the docs show it: the value in backquotes, or what its absence means. */
  public String defaultText() {
    return builtIn != null ? "`" + display(builtIn) + "`" : absent;
  }

  /** Accepted in the inventory as a YAML list too, read as its items joined by commas. */
  boolean acceptsList() {
    return this == BATCHES;
  }

  T parse(String text, PathResolver paths) {
    return parser.parse(text, paths);
  }

  /** How a value is shown, e.g. in {@code fleet inventory}: as the inventory would spell it. */
  public static String display(Object value) {
    if (value instanceof RollbackPolicy policy) {
      return policy.keyword();
    }
    return HostAssembler.display(value);
  }

  @Override
  public String toString() {
    return "upgrade." + key;
  }

  private static String sha256(String text) {
    String digest = text.strip().toLowerCase(Locale.ROOT);
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("\"" + text + "\" is not a SHA-256 digest (64 hex digits)");
    }
    return digest;
  }

  private static List<Amount> batches(String text) {
    List<Amount> sizes = new ArrayList<>();
    for (String size : text.split(",", -1)) {
      Amount amount = Amount.parse(size);
      if (amount.value() == 0) {
        throw new IllegalArgumentException("a batch of \"" + size.strip() + "\" upgrades nothing");
      }
      sizes.add(amount);
    }
    return List.copyOf(sizes);
  }

  private static RollbackPolicy rollback(String text) {
    for (RollbackPolicy policy : RollbackPolicy.values()) {
      if (policy.keyword().equals(text.strip())) {
        return policy;
      }
    }
    throw new IllegalArgumentException("\"" + text + "\" is not host, batch or all");
  }
}
