// globalSetup runs in vitest's main process, where a project's `env` is not set: one file per engine.
import type { TestProject } from "vitest/node";
import { prepareTemplate } from "./support/template.js";

// Every engine of this run starts building at once (see prepareTemplate).
export default (project: TestProject) => prepareTemplate("postgres", project.vitest.projects.map((p) => p.name));
