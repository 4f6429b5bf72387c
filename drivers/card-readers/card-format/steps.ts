// The table of every card-format step, by name: the one place a new step is registered.
import { byteSteps } from "./byte-steps.js";
import { em4100Step } from "./em4100.js";
import { numberSteps } from "./number-steps.js";
import type { StepDefinition } from "./step.js";
import { textSteps } from "./text-steps.js";
import { wiegandStep } from "./wiegand.js";

export const stepDefinitions: readonly StepDefinition[] = [...textSteps, ...numberSteps, ...byteSteps, wiegandStep, em4100Step];

export const stepsByName: ReadonlyMap<string, StepDefinition> = new Map(stepDefinitions.map((definition) => [definition.name, definition]));
