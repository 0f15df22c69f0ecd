// Where the API is: /config.json from the server that serves this page
// (written by the stack), so one build works against any deployed API.
export interface DashboardConfig {
  apiUrl: string;
}

export async function loadConfig(): Promise<DashboardConfig> {
  const res = await fetch('/config.json');
  if (!res.ok) throw new Error(`cannot load /config.json (HTTP ${res.status}): the page must be served with the API's URL`);
  return (await res.json()) as DashboardConfig;
}
