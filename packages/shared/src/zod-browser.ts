import { z } from "zod";

// In browsers zod would probe `new Function("")` to decide whether to compile parsers; a strict
// Content-Security-Policy (no 'unsafe-eval') refuses that and reports a violation. Parse without
// the JIT there. The API keeps it.
if (typeof (globalThis as { window?: unknown }).window !== "undefined") z.config({ jitless: true });
