"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The project's sections as links (each is its own URL), marking the current one. */
export function ProjectTabs({ tabs }: { tabs: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label="Project sections">
      {tabs.map((tab) => {
        const current = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link key={tab.href} href={tab.href} aria-current={current ? "page" : undefined} data-testid={`tab-${tab.label.toLowerCase()}`}>
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
