/** Terms of a matter that the office and the public both use. */

export type MatterKind = 'SUGGESTION' | 'ACCUSATION' | 'COMPLAINT'
export const MATTER_KINDS: MatterKind[] = ['SUGGESTION', 'ACCUSATION', 'COMPLAINT']
/** What a 复查 / 复核 opinion does to the answer it reviews: 维持, 变更, 撤销 (the reviewer says it). */
export type ReviewResult = 'UPHELD' | 'CHANGED' | 'REVOKED'
export const REVIEW_RESULTS: ReviewResult[] = ['UPHELD', 'CHANGED', 'REVOKED']

/** i18n key of a review result as the petitioner reads it: 维持原处理意见 (复查) or 维持复查意见 (复核) … */
export function reviewResultKey(round: 'REVIEW' | 'REREVIEW' | string, result: ReviewResult): string {
  return `lifecycle.reviewResult.${round === 'REREVIEW' ? 'REREVIEW' : 'REVIEW'}.${result}`
}
