import type { GraphProblem } from '../graph/check';

/** Why a graph file could not be loaded, for the UI to pick wording or an icon. */
export type GraphFileErrorCode =
  | 'too-large'
  | 'not-json'
  | 'not-a-graph'
  | 'newer-format'
  | 'invalid'
  /** A bug in the loader, not in the file; the loader reports it rather than throwing. */
  | 'internal';

const LEADS: Readonly<Record<GraphFileErrorCode, string>> = {
  'too-large': 'Graph file is too large',
  'not-json': 'Graph file is not valid JSON',
  'not-a-graph': 'This is not an NFP Studio graph file',
  'newer-format': 'Graph file was made by a newer version of the app',
  invalid: 'Graph file is invalid',
  internal: 'Graph file could not be loaded because of an error in the app',
};

/** How many problems the message names before summing up the rest. */
const LISTED = 5;

/**
 * A graph file that cannot be loaded. `problems` locates each fault by JSON path;
 * `message` is one sentence for people, naming the first few.
 */
export class GraphFileError extends Error {
  override readonly name = 'GraphFileError';
  readonly code: GraphFileErrorCode;
  readonly problems: readonly GraphProblem[];

  constructor(code: GraphFileErrorCode, problems: readonly GraphProblem[]) {
    super(describeProblems(LEADS[code], problems));
    this.code = code;
    this.problems = problems;
  }
}

function describeProblems(lead: string, problems: readonly GraphProblem[]): string {
  if (problems.length === 0) return lead;
  const listed = problems.slice(0, LISTED).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const rest = problems.length - listed.length;
  return `${lead}: ${listed.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`;
}
