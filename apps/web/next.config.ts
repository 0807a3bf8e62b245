import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The shared package ships TypeScript source, so Next compiles it like app code.
  transpilePackages: ["@rankwise/shared"],
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
