"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** Header links that mark the current section for sighted and screen-reader users alike. */
export function NavLinks({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <div className="app-nav">
      {links.map((link) => {
        const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link key={link.href} href={link.href} aria-current={current ? "page" : undefined}>
            {link.label}
          </Link>
        );
      })}
    </div>
  );
}
