// Connections: fetch `first + 1` rows to know whether another page follows.
export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

export function connection<R, N>(rows: R[], first: number, toNode: (row: R) => N, cursorOf: (row: R) => string): { nodes: N[]; pageInfo: PageInfo } {
  const page = rows.slice(0, first);
  const hasNextPage = rows.length > first;
  return { nodes: page.map(toNode), pageInfo: { hasNextPage, endCursor: hasNextPage ? cursorOf(page[page.length - 1]!) : null } };
}
