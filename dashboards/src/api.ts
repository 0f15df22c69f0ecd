// Minimal GraphQL client over fetch: errors come back in words.
export class ApiError extends Error {}

export async function query<T>(apiUrl: string, document: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: document, variables }) });
  } catch {
    throw new ApiError(`the API at ${apiUrl} does not answer`);
  }
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (!body) throw new ApiError(`the API answered HTTP ${res.status} without JSON`);
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}
