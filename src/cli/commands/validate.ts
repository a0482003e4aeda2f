import { EXIT, type CliCommand } from '../command';
import { checkSpecFile, displayPath, formatProblems } from '../specFile';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check specs and their data files; exit 0 when valid, 2 with every problem otherwise.',
  usage: 'validate FILE...',
  options: { json: { type: 'boolean' } },
  async run({ positionals, values, io }) {
    if (positionals.length === 0) {
      io.stderr(
        'rnnlab validate: name at least one spec file, e.g. rnnlab validate examples/*.rnnlab.json\n',
      );
      return EXIT.usage;
    }
    let failed = false;
    const report: { file: string; valid: boolean; problems: unknown[] }[] = [];
    for (const file of positionals) {
      const result = await checkSpecFile(file, io);
      const valid = !result.problems.some((p) => p.severity === 'error');
      failed ||= !valid;
      report.push({ file: displayPath(io, result.specPath), valid, problems: result.problems });
      if (!values.json) {
        if (result.problems.length > 0)
          io.stderr(`${formatProblems(io, result.specPath, result.problems)}\n`);
        if (valid) io.stdout(`${displayPath(io, result.specPath)}: valid\n`);
      }
    }
    if (values.json) io.stdout(`${JSON.stringify({ valid: !failed, files: report })}\n`);
    return failed ? EXIT.usage : EXIT.ok;
  },
};
