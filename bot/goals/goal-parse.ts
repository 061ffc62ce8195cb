import { err, ok, type Result } from "../result.ts";
import { splitDueDate } from "./due-date.ts";

export const GOAL_LIMITS = { text: 300, openGoals: 30, steps: 20 } as const;

export type GoalCommand =
  | { readonly kind: "help" }
  | { readonly kind: "list" }
  | { readonly kind: "add"; readonly text: string; readonly due: string | undefined }
  | { readonly kind: "done" | "undo" | "remove"; readonly goal: number }
  | { readonly kind: "step"; readonly goal: number; readonly text: string }
  | { readonly kind: "step_done"; readonly goal: number; readonly step: number }
  | { readonly kind: "smart" };

export const GOAL_USAGE = [
  "Goals, step by step:",
  "• goal add <what you want to do> [by 2026-12-20 | by friday]: a new goal",
  "• goal list: your goals (in a peer room: everyone's goals here)",
  "• goal step N <a small step>: a step under goal N",
  "• goal done N, goal step done N.M: mark a goal or a step done (goal undo N if that was a slip)",
  "• goal remove N: delete goal N and its steps",
  "• goal smart: make a goal with me, question by question (specific, measurable, achievable, relevant, time-bound)",
].join("\n");

type Parsed = Result<GoalCommand, "usage">;

/** Reads the words after `goal`; every mistake gets an answer that says what to type instead. */
export function parseGoalCommand(args: string): Parsed {
  const [first = "", ...rest] = args.trim().split(/\s+/);
  const sub = first.toLowerCase();
  const tail = args.trim().slice(first.length).trim();
  switch (sub) {
    case "":
    case "help":
      return ok({ kind: "help" });
    case "list":
    case "ls":
      return rest.length === 0 ? ok({ kind: "list" }) : usage('"goal list" takes nothing after it.');
    case "add":
    case "new":
      return parseAdd(tail);
    case "done":
    case "undo":
    case "remove":
    case "delete": {
      const goal = goalNumber(tail, `goal ${sub} N`);
      if (!goal.ok) return goal;
      return ok({ kind: sub === "delete" ? "remove" : sub, goal: goal.value });
    }
    case "step":
      return parseStep(tail);
    case "smart":
      return tail === ""
        ? ok({ kind: "smart" })
        : usage('Send "goal smart" on its own to start; I\'ll ask the questions.');
    default:
      return usage(`I don't know "goal ${first.slice(0, 20)}".`);
  }
}

function parseAdd(tail: string): Parsed {
  const { goal, due } = splitDueDate(tail);
  if (goal === "")
    return usage('What is the goal? For example: "goal add walk to the park three times a week by friday".');
  if (goal.length > GOAL_LIMITS.text)
    return usage(
      `That goal is ${goal.length} characters; please keep it under ${GOAL_LIMITS.text}. Steps can hold the details.`,
    );
  return ok({ kind: "add", text: goal, due });
}

function parseStep(tail: string): Parsed {
  const [first = "", ...rest] = tail.split(/\s+/);
  if (first.toLowerCase() === "done") {
    const ref = /^(\d{1,4})\.(\d{1,4})$/.exec(rest.join(" "));
    if (ref === null) return usage('Say which step, as goal.step: for example "goal step done 2.1".');
    return ok({ kind: "step_done", goal: Number(ref[1]), step: Number(ref[2]) });
  }
  const goal = goalNumber(first, "goal step N <a small step>");
  if (!goal.ok) return goal;
  const text = tail.slice(first.length).trim();
  if (text === "")
    return usage(`What is the step? For example: "goal step ${goal.value} put my shoes by the door".`);
  if (text.length > GOAL_LIMITS.text)
    return usage(`Please keep a step under ${GOAL_LIMITS.text} characters.`);
  return ok({ kind: "step", goal: goal.value, text });
}

function goalNumber(text: string, form: string): Result<number, "usage"> {
  if (text === "") return usage(`Which goal? Send "${form}" with the number from "goal list".`);
  if (!/^\d{1,4}$/.test(text) || Number(text) === 0)
    return usage(
      `"${text.slice(0, 20)}" is not a goal number. Send "${form}" with the number from "goal list".`,
    );
  return ok(Number(text));
}

function usage(problem: string): Result<never, "usage"> {
  return err("usage", `${problem}\n\n${GOAL_USAGE}`);
}
