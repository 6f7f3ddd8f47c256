package dev.fleet.nginx.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A host procedure as a typed chain of steps: each step takes what the one before returns, so the
 * compiler checks the order. It starts with a check and adds one line per step:
 *
 * <pre>{@code
 * Procedure.checkedBy(new Preflight())
 *     .then(new StageBinary(), Learned::stage)
 *     .then(new StartNewMaster(), Learned::fork)
 *     .then(new DrainOldWorkers())
 * }</pre>
 *
 * A step that learns a new kind of value names where it is found in what is learned later
 * ({@code Learned::stage}): that is how a way back, or recovery, finds each step's input.
 *
 * @param <O> what the last step returns
 */
public final class Procedure<O extends Learned> {

  /** One step, and where its input is found in whatever was learned at or after it. */
  public record Link(UpgradeStep<Learned, Learned> step, Function<Learned, Optional<? extends Learned>> input) {}

  private final List<Link> links;
  private final Function<Learned, Optional<O>> output;

  private Procedure(List<Link> links, Function<Learned, Optional<O>> output) {
    this.links = List.copyOf(links);
    this.output = output;
  }

  /** A procedure whose first step is {@code check}: it finds the host ready or already current. */
  public static Procedure<Preflighted> checkedBy(UpgradeStep<Unchecked, Checked> check) {
    Procedure<Unchecked> start = new Procedure<>(List.of(), l -> Optional.of(Unchecked.HOST));
    return start.link(check, Learned::preflight);
  }

  /** This procedure, then {@code step}, whose result is found in later values by {@code found}. */
  public <N extends Learned> Procedure<N> then(UpgradeStep<O, N> step, Function<Learned, Optional<N>> found) {
    return link(step, found);
  }

  /** This procedure, then {@code step}, which learns nothing of a new kind. */
  public Procedure<O> then(UpgradeStep<O, O> step) {
    return link(step, output);
  }

  @SuppressWarnings("unchecked")
  private <N extends Learned> Procedure<N> link(UpgradeStep<O, ? extends Learned> step, Function<Learned, Optional<N>> found) {
    List<Link> more = new ArrayList<>(links);
    Function<Learned, Optional<? extends Learned>> input = output::apply;
    more.add(new Link((UpgradeStep<Learned, Learned>) (UpgradeStep<?, ?>) step, input));
    return new Procedure<>(more, found);
  }

  /** The steps in order, for plans and tables. */
  public List<UpgradeStep<?, ?>> steps() {
    return links.stream().<UpgradeStep<?, ?>>map(Link::step).toList();
  }

  public List<Link> links() {
    return links;
  }

  /** The link of one of this procedure's steps. */
  public Link linkOf(UpgradeStep<?, ?> step) {
    return links.stream()
        .filter(l -> l.step() == step)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(step.name() + " is not a step of this procedure"));
  }
}
