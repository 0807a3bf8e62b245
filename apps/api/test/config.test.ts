import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("config", () => {
  it("has working defaults for a local machine", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/rankwise",
      REDIS_URL: "redis://127.0.0.1:6379",
      API_PORT: 4000,
      usingDevSecret: true,
    });
    expect(config.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("requires SESSION_SECRET in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: SESSION_SECRET is required when NODE_ENV=production/);
    const ok = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) });
    expect(ok.usingDevSecret).toBe(false);
  });

  it("lists every bad variable in one readable message", () => {
    try {
      loadConfig({ DATABASE_URL: "mysql://x", API_PORT: "99999", REDIS_URL: "nope", SESSION_SECRET: "short" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toMatch(/^Invalid configuration:/);
      for (const name of ["DATABASE_URL", "API_PORT", "REDIS_URL", "SESSION_SECRET"]) expect(message).toContain(`- ${name}:`);
      expect(message).not.toMatch(/at .*\.ts:\d+/); // no stack trace in the message
    }
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ API_PORT: "" }).API_PORT).toBe(4000);
  });
});
