// Validates GitLab CI files against GitLab's own JSON schema (ci.json, as gitlab-ci-local ships it), through
// gitlab-ci-local's own validation (ajv), without the rest of gitlab-ci-local (whose native re2 module would have to
// be compiled). Usage: node gitlab-ci-validate.mjs NODE_TOOLS_FOLDER FILE...
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [tools, ...files] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(`${tools}/node_modules/${path}`).href);
const { Validator } = await load("gitlab-ci-local/src/validator.js");
const yaml = (await load("js-yaml/index.js")).default;
let failed = 0;
for (const file of files) {
    try {
        const config = yaml.load(readFileSync(file, "utf8"));
        Validator.jsonSchemaValidation({ pathToExpandedGitLabCi: file, gitLabCiConfig: config, argv: { ignoreSchemaPaths: [] } });
        console.log(`${file}: valid`);
    } catch (e) {
        failed = 1;
        console.log(`${file}: ${e.message.trim()}`);
    }
}
process.exit(failed);
