// globalSetup runs in vitest's main process, where a project's `env` is not set: one file per engine.
import { prepareTemplate } from "./support/template.js";

export default () => prepareTemplate("postgres");
