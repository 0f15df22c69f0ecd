// gnd probes its --ipfs endpoint at start-up (POST /api/v0/version) and aborts
// when nothing answers; with local manifests it never fetches from IPFS. This
// loopback endpoint answers the probe and refuses everything else with 404,
// so a subgraph that really needs IPFS files fails loudly instead of hanging.
import { createServer, type Server } from 'node:http';

export async function startIpfsStub(port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/api/v0/version')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Version: '0.0.0-pvp-local-stub', System: 'local' }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('this local IPFS stub serves no content: deploy subgraphs from local manifests (gnd dev)\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
