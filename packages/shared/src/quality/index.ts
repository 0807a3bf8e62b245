export { AlphaAccumulator } from "./alpha-accumulator.ts";
export { cellCriterion, codeAnswer, measurementLevel, pairwiseCell, rankingPositions, VERDICT_CODES, VERDICTS } from "./code-answer.ts";
export type { TCodedAnswer, TScoreContext } from "./code-answer.ts";
export * from "./contracts.ts";
export { peerAgreementByRater, scoreAgainstPeers } from "./peer-agreement.ts";
export type { TPeerAgreement, TPeerItem } from "./peer-agreement.ts";
export {
  isAnswered,
  majorityCredit,
  pairwiseCredit,
  scoreAgainstSummary,
  scoreAnswer,
  scoreAnswers,
  scoreCoded,
  summarizeReferences,
  updateSummary,
} from "./score-answer.ts";
export type { TCellSummary, TReferenceSummary, TScoredAnswers } from "./score-answer.ts";
export * from "./settings.ts";
export { decideTierChange } from "./tier-rules.ts";
export type { TTierDecision, TTierInput } from "./tier-rules.ts";
