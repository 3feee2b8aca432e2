// The server decides what the caller may do with a resource and lists it in
// `allowed_actions` (domain/authorization on the server). The UI only asks;
// it never derives roles itself, so a button shows exactly when the server
// would accept the request.
export interface HasAllowedActions {
  allowed_actions?: readonly string[];
}

export function can(resource: HasAllowedActions | null | undefined, action: string): boolean {
  return resource?.allowed_actions?.includes(action) ?? false;
}
