/** The middle value (the upper one of an even count): the benches' figure of several runs. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}
