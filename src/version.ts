/** The tool's name and version, as written into artefacts (kept equal to package.json by a test). */
export const TOOL_VERSION = '0.4.0';
export const TOOL = `esa-patch ${TOOL_VERSION}`;
