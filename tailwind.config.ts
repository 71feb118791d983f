import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { 50: "#eef6ff", 100: "#d9eaff", 600: "#1d5fbf", 700: "#174c99", 900: "#0f2f5f" },
      },
      fontFamily: {
        sans: ["Inter", "system-ui", "-apple-system", "Segoe UI", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "sans-serif"],
      },
    },
  },
  plugins: [],
} satisfies Config;
