/**
 * Which step the petitioner may ask for next: 复查 after the reply, 复核 after the 复查 opinion
 * (信访工作条例 Arts. 35/36). The 复查 opinion is the published REVIEW document.
 */
export function nextReviewStep(documents: readonly { kind: string }[]): 'REVIEW' | 'REREVIEW' {
  return documents.some((d) => d.kind === 'REVIEW') ? 'REREVIEW' : 'REVIEW'
}
