import type { ReactNode } from "react";
import "../../../components/console/console.css";

/** Admin pages use the console stylesheet. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}
