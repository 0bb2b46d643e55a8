import { can, readsOwnPatients, scopeOf } from '@praxis/policy';
import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@praxis/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createFileRoute, Link, redirect, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ListPager } from '../../components/list-pager';
import {
  ArchiveViewTabs,
  EmptyList,
  FilterSelect,
  ListHeader,
  LoadError,
  SearchForm,
} from '../../components/list-screen';
import { ParentsDialog } from '../../components/patients/parents-dialog';
import {
  ArchivePatientDialog,
  type Patient,
  PatientFormDialog,
  patientName,
} from '../../components/patients/patient-dialogs';
import {
  cleanPatientsSearch,
  type PatientsSearch,
  patientsSearchSchema,
  toPatientsListInput,
} from '../../components/patients/patients-search';
import { useOrgNames } from '../../components/patients/use-org-names';
import { useMe } from '../../lib/session';
import { useTRPC } from '../../trpc';

export const Route = createFileRoute('/_app/patients')({
  validateSearch: patientsSearchSchema,
  // Staff who may read patients, and parents (their own linked patients); others go to the start page.
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (!can(me, 'patients.read') && !readsOwnPatients(me)) throw redirect({ to: '/', replace: true });
  },
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(
      context.trpc.patients.list.queryOptions(toPatientsListInput(deps)),
    );
  },
  component: PatientsPage,
});

const STATUS_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
] as const;

function PatientsPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/patients' });
  const trpc = useTRPC();
  const { data: me } = useMe();
  const list = useQuery({
    ...trpc.patients.list.queryOptions(toPatientsListInput(search)),
    placeholderData: keepPreviousData,
  });
  // Viewers who read every organisation's patients filter by organisation and see its name.
  const everyOrg = me ? scopeOf(me, 'patients.read').all : false;
  const orgs = useQuery({
    ...trpc.orgs.list.queryOptions({ pageSize: 100, page: 1 }),
    enabled: everyOrg,
  });
  // Names for the organisation column and the chosen filter (one orgs.get each, cached).
  const orgNames = useOrgNames(
    everyOrg
      ? [
          ...(list.data?.items.map((patient) => patient.organizationId) ?? []),
          ...(search.org ? [search.org] : []),
        ]
      : [],
  );
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Patient | null>(null);
  const [archiving, setArchiving] = useState<Patient | null>(null);
  const [parentsOf, setParentsOf] = useState<Patient | null>(null);

  if (!me) return null;
  const staff = can(me, 'patients.read');
  const canCreate = can(me, 'patients.write');
  const seesUsers = can(me, 'users.read');
  const archivedView = Boolean(search.archived);
  const orgOptions = orgs.data?.items ?? [];
  // The chosen organisation stays in the picker even beyond its first 100 by name.
  const chosenName = search.org ? orgNames.get(search.org) : undefined;
  const pickerOrgs =
    search.org && chosenName && !orgOptions.some((org) => org.id === search.org)
      ? [{ id: search.org, name: chosenName }, ...orgOptions]
      : orgOptions;
  // A new search or filter starts again at page 1.
  const go = (change: Partial<PatientsSearch>, replace = false) =>
    void navigate({ search: cleanPatientsSearch({ ...search, page: undefined, ...change }), replace });
  const items = list.data?.items;
  const filtered = Boolean(search.q || search.status || search.org);

  return (
    <div className="grid gap-4">
      <ListHeader
        title={archivedView ? 'Archived patients' : 'Patients'}
        views={
          <ArchiveViewTabs
            label="Patient views"
            archived={archivedView}
            tab={(archived, props) => (
              <Link
                to="/patients"
                search={cleanPatientsSearch({ ...search, archived: archived || undefined, page: undefined })}
                activeOptions={{ includeSearch: false }}
                {...props}
              />
            )}
          />
        }
        action={canCreate ? { label: 'New patient', onClick: () => setCreating(true) } : null}
      />
      {!staff ? (
        <p className="text-muted-foreground text-sm">The patients linked to you, read-only.</p>
      ) : null}
      <div className="flex flex-wrap items-end gap-4">
        <SearchForm
          id="patients-search"
          placeholder="Patient name"
          value={search.q ?? ''}
          onSearch={(q) => go({ q }, true)}
        />
        <FilterSelect
          id="patients-status"
          label="Status"
          value={search.status}
          options={STATUS_OPTIONS}
          onChange={(status) => go({ status })}
        />
        {everyOrg ? (
          <FilterSelect
            id="patients-org"
            label="Organisation"
            anyLabel="All organisations"
            value={search.org}
            options={pickerOrgs.map((org) => ({ value: org.id, label: org.name }))}
            onChange={(org) => go({ org })}
          />
        ) : null}
      </div>
      <LoadError title="The patients could not be loaded" error={list.error} />
      <div className="rounded-md border border-border bg-background">
        <Table aria-label="Patients" aria-busy={list.isFetching || undefined}>
          <TableCaption className="sr-only">Patients</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Date of birth</TableHead>
              <TableHead>Status</TableHead>
              {everyOrg ? <TableHead>Organisation</TableHead> : null}
              <TableHead>Parents</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items?.map((patient) => {
              const name = patientName(patient);
              const writable = can(me, 'patients.write', patient);
              const parents = `${patient.parentIds.length} parent${patient.parentIds.length === 1 ? '' : 's'}`;
              return (
                <TableRow key={patient.id}>
                  <TableCell className="font-medium">{name}</TableCell>
                  <TableCell>{patient.dateOfBirth ?? '—'}</TableCell>
                  <TableCell>
                    <Badge variant={patient.active ? 'default' : 'secondary'}>
                      {patient.archivedAt ? 'Archived · ' : ''}
                      {patient.active ? 'Active' : 'Inactive'}
                    </Badge>
                  </TableCell>
                  {everyOrg ? <TableCell>{orgNames.get(patient.organizationId) ?? '—'}</TableCell> : null}
                  <TableCell>
                    {seesUsers ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="underline underline-offset-4"
                        aria-label={`${parents} of ${name}`}
                        onClick={() => setParentsOf(patient)}
                      >
                        {parents}
                      </Button>
                    ) : (
                      parents
                    )}
                  </TableCell>
                  <TableCell>
                    {writable ? (
                      <div className="flex flex-wrap justify-end gap-2">
                        {patient.archivedAt ? null : (
                          <Button
                            size="sm"
                            variant="outline"
                            onClick={() => setEditing(patient)}
                            aria-label={`Edit ${name}`}
                          >
                            Edit
                          </Button>
                        )}
                        <Button
                          size="sm"
                          variant="outline"
                          aria-label={`${patient.archivedAt ? 'Restore' : 'Archive'} ${name}`}
                          onClick={() => setArchiving(patient)}
                        >
                          {patient.archivedAt ? 'Restore' : 'Archive'}
                        </Button>
                      </div>
                    ) : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {items && items.length === 0 ? (
        <EmptyList>
          {filtered
            ? 'No patients match.'
            : archivedView
              ? 'No archived patients.'
              : staff
                ? 'No patients yet.'
                : 'No patients are linked to you.'}
        </EmptyList>
      ) : null}
      {list.data && list.data.total > 0 ? (
        <ListPager
          label="Patient pages"
          noun="patients"
          info={{ ...list.data, itemCount: list.data.items.length }}
          onPage={(page) => go({ page })}
        />
      ) : null}
      {creating ? (
        <PatientFormDialog
          {...(everyOrg && orgs.data ? { organizations: pickerOrgs } : {})}
          defaultOrganizationId={search.org ?? null}
          onOpenChange={setCreating}
        />
      ) : null}
      {editing ? (
        <PatientFormDialog patient={editing} onOpenChange={(open) => !open && setEditing(null)} />
      ) : null}
      {archiving ? (
        <ArchivePatientDialog patient={archiving} onOpenChange={(open) => !open && setArchiving(null)} />
      ) : null}
      {parentsOf ? (
        <ParentsDialog
          patient={parentsOf}
          canWrite={can(me, 'patients.write', parentsOf) && !parentsOf.archivedAt}
          onOpenChange={(open) => !open && setParentsOf(null)}
        />
      ) : null}
    </div>
  );
}
