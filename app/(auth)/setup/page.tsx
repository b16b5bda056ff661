import { redirect } from "next/navigation";
import { FirstAdminForm } from "@/components/auth/first-admin-form";
import { userCount } from "@/lib/users/users";

export const metadata = { title: "First run" };

export default async function SetupPage() {
  if ((await userCount()) > 0) redirect("/login");
  return (
    <>
      <h1 className="text-base font-semibold">Create the first admin</h1>
      <p className="mb-4 mt-1 text-xs text-slate-500">
        This install has no users yet. The account you create here manages users, API tokens and router credentials.
      </p>
      <FirstAdminForm />
    </>
  );
}
