// Apollo's store of parsed documents (by query hash), holding only documents
// the guard accepted. Apollo stores a document right after parsing it; with
// its own validation off (guard.ts), that would be every document, refused
// ones too, and hostile traffic of distinct documents would fill the store,
// evict the useful ones and churn the heap. So set() only notes which key a
// document came under, and the guard stores it once it has passed. Bounded
// by the source text it holds.
import type { DocumentStore } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

export class AcceptedDocuments implements DocumentStore {
  private readonly documents: LRUCache<string, DocumentNode>;
  private readonly keys = new WeakMap<DocumentNode, string>();

  constructor(maxSourceBytes = 4 * 1024 * 1024) {
    this.documents = new LRUCache({ maxSize: maxSourceBytes, sizeCalculation: (doc) => Math.max(1, doc.loc?.source.body.length ?? 1) });
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    return this.documents.get(key);
  }

  /** Called by Apollo after parsing: remembered, not stored, until accept(). */
  async set(key: string, document: DocumentNode): Promise<void> {
    this.keys.set(document, key);
  }

  async delete(key: string): Promise<boolean> {
    return this.documents.delete(key);
  }

  /** The guard accepted this document: later requests with the same query reuse it. */
  accept(document: DocumentNode): void {
    const key = this.keys.get(document);
    if (key !== undefined && !this.documents.has(key)) this.documents.set(key, document);
  }

  get size(): number {
    return this.documents.size;
  }
}
