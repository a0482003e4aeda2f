/** Where Debian's Chromium is (`CHROMIUM_PATH` overrides it). */
export declare const CHROMIUM: string;
/** Headless flags that give WebGL2 through SwiftShader. */
export declare const CHROMIUM_ARGS: readonly string[];
