/** The form every project starts with: rank all responses, ties allowed. */
export const DEFAULT_FORM = {
  questions: [{ id: "ranking", type: "ranking", title: "Rank the responses from best to worst", required: true, allowTies: true }],
};
