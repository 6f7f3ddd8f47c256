package dev.fleet.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine;

/**
 * Prints a command's footer (its examples and exit codes) line for line as written. picocli wraps
 * footers at the usage width like prose, which cut examples in the middle of a command: copied,
 * such a line was a broken command. Footer lines are kept short enough for 80 columns instead
 * (HelpFooterTest).
 */
final class UnwrappedFooter implements IHelpSectionRenderer {

  @Override
  public String render(Help help) {
    StringBuilder text = new StringBuilder(help.footerHeading());
    for (String line : help.commandSpec().usageMessage().footer()) {
      // The same format picocli applies: %n ends a line, %% is a percent sign.
      text.append(String.format(line)).append(System.lineSeparator());
    }
    return text.toString();
  }

  /** Puts this renderer in place of picocli's on {@code cli} and all its subcommands. */
  static CommandLine installOn(CommandLine cli) {
    var sections = cli.getHelpSectionMap();
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, new UnwrappedFooter());
    return cli.setHelpSectionMap(sections);
  }
}
