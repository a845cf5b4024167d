/** The databases the server uses, derived from the main database name (settings spec §0.6). */
export interface DbNames {
  medic: string;
  sentinel: string;
  logs: string;
  usersMeta: string;
  vault: string;
  audit: string;
  users: '_users';
}

export function databaseNames(main: string): DbNames {
  return {
    medic: main,
    sentinel: `${main}-sentinel`,
    logs: `${main}-logs`,
    usersMeta: `${main}-users-meta`,
    vault: `${main}-vault`,
    audit: `${main}-audit`,
    users: '_users',
  };
}
