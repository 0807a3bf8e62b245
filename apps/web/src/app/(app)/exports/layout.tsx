import type { ReactNode } from "react";
import "../../../components/console/console.css";

/** Console pages load the console stylesheet; labeler pages never do. */
export default function ExportsLayout({ children }: { children: ReactNode }) {
  return children;
}
