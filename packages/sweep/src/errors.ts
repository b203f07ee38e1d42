/** A sweep that cannot run as asked: the message names the problem and what to do instead. */
export class SweepError extends Error {
  override name = 'SweepError';
}
