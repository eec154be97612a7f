/**
 * What a file store holds durably: the document, the first `auditCount` lines of its audit log,
 * and the journal lines that continue that document (journal.ts). Every reader goes through here
 * (the store itself, read-only CLI stores, backup, check), so none of them sees less than the
 * writer acknowledged.
 *
 * A reader next to a running writer can meet a checkpoint between reading the document and the
 * journal: the journal then continues a newer document and would be ignored, showing the older
 * document's state. So the document is read again after the journal, and the whole read repeated
 * when it was replaced meanwhile.
 */
import type { AuditEntry, StoreFile } from '../domain/model.js';
import { AppError } from '../errors.js';
import { parseAuditLog, auditPathFor, type AuditLogContents } from './audit-log.js';
import { isNotFound, type FsPort } from './durable-adapter.js';
import { chainJournal, documentHash, journalPathsFor, readJournalFile, type JournalContents, type JournalFile } from './journal.js';

export interface DurableState {
  /** The document as on disk. */
  diskText: string;
  /** The current state's document: the journal's last line, or the document on disk. */
  text: string;
  file: StoreFile;
  /** The log as read (null: the trail is inline, a file from before schema v3). */
  log: AuditLogContents | null;
  /** The journal's lines that continue the document (null: an inline trail, never journaled). */
  journal: JournalContents | null;
  /** Both journal files as read (empty for an inline trail). */
  journalFiles: JournalFile[];
  /** The whole trail of the current state. */
  entries: AuditEntry[];
}

/** A file's text, or '' when it does not exist (a log or journal file not created yet). */
const readOrEmpty = async (fs: FsPort, path: string): Promise<string> => (await readOrNull(fs, path)) ?? '';

/** Reads before giving up on a document that a busy writer keeps replacing (checkpoints are seconds apart). */
const ATTEMPTS = 5;

/** null when the document does not exist. `decode` throws store_corrupt for an unusable text. */
export async function readDurableState(fs: FsPort, path: string, decode: (text: string) => StoreFile): Promise<DurableState | null> {
  let diskText = await readOrNull(fs, path);
  for (let attempt = 1; ; attempt++) {
    if (diskText === null) return null;
    const state = await readAfter(fs, path, diskText, decode);
    const again = await readOrNull(fs, path);
    if (again === diskText || attempt === ATTEMPTS) return state;
    diskText = again;
  }
}

async function readOrNull(fs: FsPort, path: string): Promise<string | null> {
  try {
    return await fs.readFile(path);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** The state given the document's text: its counted log lines and the journal lines continuing it. */
async function readAfter(fs: FsPort, path: string, diskText: string, decode: (text: string) => StoreFile): Promise<DurableState> {
  const diskFile = decode(diskText);
  if (diskFile.audit) {
    return {
      diskText,
      text: diskText,
      file: diskFile,
      log: null,
      journal: null,
      journalFiles: [],
      entries: diskFile.audit,
    };
  }
  // The log after the document (it is append-only: it holds at least what the document counts),
  // the journal last (a line continues a document only once that document is on disk).
  const log = parseAuditLog(await readOrEmpty(fs, auditPathFor(path)), diskFile.auditCount, auditPathFor(path));
  const journalFiles: JournalFile[] = [];
  for (const p of journalPathsFor(path)) journalFiles.push(readJournalFile(await readOrEmpty(fs, p), p));
  const journal = chainJournal(journalFiles, { text: diskText, hash: documentHash(diskText) }, diskFile.auditCount);
  if (journal.docText === null) {
    return { diskText, text: diskText, file: diskFile, log, journal, journalFiles, entries: log.entries };
  }
  const file = decode(journal.docText);
  if (file.auditCount !== journal.auditCount) {
    const problem = `its last line counts ${file.auditCount} audit entries, its headers ${journal.auditCount}`;
    throw new AppError('store_corrupt', { path: journal.chain.at(-1)!.path, problem }, `store journal is unusable: ${problem}`);
  }
  const entries = log.entries.concat(journal.entries);
  return { diskText, text: journal.docText, file, log, journal, journalFiles, entries };
}
