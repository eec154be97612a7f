/**
 * How much one group may hold, so that a careless import or a hostile member cannot grow the
 * store (and every card, list and export built from it) without bound. Each is far above what a
 * steering group uses: a risk log of 200 open risks or an agenda of 40 items is already unreadable
 * in Teams. The use-cases in src/app refuse past these with a clear message (`error.limit_*`).
 */
export const LIMITS = {
  /** Open (not retired) risks per group. */
  openRisks: 200,
  /** Risks per group ever (retired ones stay in the log). */
  risks: 1_000,
  /** Open action points per group. */
  openActions: 500,
  /** Action points per group ever (done ones stay in the list and the minutes). */
  actions: 5_000,
  /** Agenda items in one meeting. */
  itemsPerMeeting: 40,
  /** Open (undecided) item proposals per meeting. */
  openProposalsPerMeeting: 20,
  /** Material entries (bilag: links and named annexes) per agenda item. */
  materialPerItem: 30,
  /** Uploaded agendas waiting for "Importér"/"Annullér", per uploader. */
  pendingImportsPerPerson: 5,
  /** GP-system vendors per group (Denmark has a handful; 50 leaves room for former ones). */
  vendors: 50,
  /** Payment milestones per vendor agreement. */
  milestonesPerVendor: 40,
  /** Test windows per vendor. */
  testsPerVendor: 30,
} as const;
