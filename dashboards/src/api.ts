// Minimal GraphQL client over fetch, typed by the generated documents
// (src/generated/api.ts); errors come back in words.
import { useEffect, useState } from 'preact/hooks';
import type { TypedDocument } from './generated/api.ts';

export class ApiError extends Error {}

export async function query<R, V>(apiUrl: string, document: TypedDocument<R, V>, variables: V): Promise<R> {
  let res: Response;
  try {
    res = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: document, variables }) });
  } catch {
    throw new ApiError(`the API at ${apiUrl} does not answer`);
  }
  const body = (await res.json().catch(() => null)) as { data?: R; errors?: { message: string }[] } | null;
  if (!body) throw new ApiError(`the API answered HTTP ${res.status} without JSON`);
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '));
  if (!body.data) throw new ApiError(`the API answered HTTP ${res.status} without data`);
  return body.data;
}

export interface QueryState<R> {
  data: R | null;
  error: string | null;
  loading: boolean;
}

/** Runs `document` whenever the variables change (skipped while `variables` is null). */
export function useQuery<R, V>(apiUrl: string, document: TypedDocument<R, V>, variables: V | null): QueryState<R> {
  const key = variables === null ? null : JSON.stringify(variables);
  const [state, setState] = useState<QueryState<R>>({ data: null, error: null, loading: variables !== null });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((s) => ({ data: s.data, error: null, loading: true }));
    query(apiUrl, document, JSON.parse(key) as V).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: Error) => live && setState({ data: null, error: e.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [apiUrl, document, key]);
  return state;
}
