/**
 * The item the form builder previews on: three responses to a small arithmetic question, one
 * with a wrong step, written on several lines so step labels have steps to label.
 */
export const SAMPLE_PROMPT = "A train leaves at 3:40 pm and the trip takes 2 h 35 min. When does it arrive?";

export const SAMPLE_RESPONSES = [
  {
    id: "r1",
    content: "Start at 3:40 pm.\nAdd 2 hours: 5:40 pm.\nAdd 35 minutes: 6:15 pm.\nThe train arrives at **6:15 pm**.",
  },
  {
    id: "r2",
    content: "Add the hours: 3 + 2 = 5.\nAdd the minutes: 40 + 35 = 75.\nSo it arrives at 5:75 pm.",
  },
  {
    id: "r3",
    content: "It arrives at 6:15 pm: 3:40 pm plus 2 h 35 min.",
  },
];

export const SAMPLE_LABELS: Record<string, string> = { r1: "A", r2: "B", r3: "C" };
