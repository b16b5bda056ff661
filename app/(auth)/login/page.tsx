import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getSessionUser } from "@/lib/auth/session";
import { userCount } from "@/lib/users/users";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  if ((await userCount()) === 0) redirect("/setup");
  if (await getSessionUser()) redirect("/rule-sets");
  const next = (await searchParams).next;
  return (
    <>
      <h1 className="mb-4 text-base font-semibold">Sign in</h1>
      <LoginForm next={typeof next === "string" ? next : ""} />
    </>
  );
}
