import type { TUser } from "@rankwise/shared";
import Link from "next/link";
import { ROLE_LABELS } from "../lib/roles.ts";
import { BrandMark } from "./brand-mark.tsx";
import { NavLinks } from "./nav-links.tsx";
import { SignOutButton } from "./sign-out-button.tsx";

/** The signed-in chrome: brand, the role's sections, who is signed in, and sign-out. */
export function AppHeader({ user }: { user: TUser }) {
  const links =
    user.role === "LABELER"
      ? [{ href: "/label", label: "My projects" }]
      : [
          { href: "/projects", label: "Projects" },
          { href: "/exports", label: "Exports" },
          { href: "/settings/tokens", label: "API tokens" },
          ...(user.role === "ADMIN" ? [{ href: "/admin", label: "Admin" }] : []),
        ];
  return (
    <header className="app-header">
      <Link href={user.role === "LABELER" ? "/label" : "/projects"} className="brand" aria-label="Rankwise home">
        <BrandMark />
        <span>Rankwise</span>
      </Link>
      <nav aria-label="Main">
        <NavLinks links={links} />
      </nav>
      <div className="app-user">
        <div className="app-user-name" data-testid="current-user">
          <strong>{user.name}</strong>
          <span>{user.email}</span>
        </div>
        <span className="role-chip">{ROLE_LABELS[user.role]}</span>
        <SignOutButton />
      </div>
    </header>
  );
}
