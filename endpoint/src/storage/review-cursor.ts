/** Where a reviewer's list page ends: threat to life, time received, id (the list's order). */
export function reviewCursor(item: { threatToLife: boolean; receivedAt: string; id: string }): string {
  return `${item.threatToLife ? 1 : 0}_${item.receivedAt}_${item.id}`;
}

export function parseReviewCursor(cursor: string): [number, string, string] | undefined {
  const match = /^([01])_(\d{4}-\d\d-\d\dT[\d:.]+Z)_([0-9a-fA-F-]{36})$/.exec(cursor);
  return match ? [Number(match[1]), match[2]!, match[3]!] : undefined;
}

