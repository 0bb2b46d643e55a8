// @vitest-environment jsdom
import { Toaster } from '@praxis/ui';
import { npiCheckDigit } from '@praxis/validators';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { afterEach, describe, expect, it } from 'vitest';
import { type RouterOutputs, TRPCProvider } from '../../trpc';
import { EditForm } from './edit-form';

afterEach(cleanup);

type User = RouterOutputs['users']['get'];

const user = {
  id: '0b5f8d1e-3c2a-4f6b-9d7e-1a2b3c4d5e6f',
  email: 'ada@example.com',
  username: null,
  firstName: 'Ada',
  lastName: 'Lovelace',
  title: null,
  phoneNumber: null,
  dateOfBirth: null,
  gender: null,
  timezone: null,
  imageUrl: null,
  npi: null,
  tin: null,
  company: null,
  companyUrl: null,
  registryId: null,
  registryName: null,
  providerSignatureUrl: null,
  primaryPracticeAddress: null,
  effectiveDate: null,
  clinical: true,
  providerSignature: false,
  physicianOnlyResults: false,
  email2faEnabled: false,
  firstTimeLogin: false,
  locations: [],
  providerIds: [],
  organizationId: null,
  organization: null,
} as unknown as User;

/** The form with a tRPC client whose every call is recorded and answered with `answer`. */
function renderForm(answer: (path: string) => Response) {
  const calls: string[] = [];
  const client = createTRPCClient({
    links: [
      httpLink({
        url: 'http://app.test/trpc',
        transformer: superjson,
        fetch: async (url) => {
          const path = new URL(String(url)).pathname.replace('/trpc/', '');
          calls.push(path);
          return answer(path);
        },
      }),
    ],
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      {/* biome-ignore lint/suspicious/noExplicitAny: the recorded client is untyped on purpose */}
      <TRPCProvider trpcClient={client as any} queryClient={queryClient}>
        <Toaster>
          <EditForm user={user} />
        </Toaster>
      </TRPCProvider>
    </QueryClientProvider>,
  );
  return calls;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const noOrganizations = () =>
  json({
    result: { data: superjson.serialize({ roles: [], statuses: [], organizations: [], sortFields: [] }) },
  });

describe('EditForm', () => {
  it('shows a wrong NPI check digit beside the field and sends nothing', async () => {
    const calls = renderForm(noOrganizations);
    const wrong = `123456789${(npiCheckDigit('123456789') + 1) % 10}`;
    fireEvent.change(screen.getByLabelText('NPI'), { target: { value: wrong } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('NPI must be 10 digits with a valid check digit');
    expect(screen.getByLabelText('NPI').getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((path) => path.startsWith('users.update'))).toEqual([]);
  });

  it("shows the server's field errors (patch.email) beside their fields", async () => {
    const calls = renderForm((path) =>
      path.startsWith('users.update')
        ? json(
            {
              error: superjson.serialize({
                message: 'This email is taken',
                code: -32600,
                data: {
                  code: 'CONFLICT',
                  httpStatus: 409,
                  fieldErrors: { 'patch.email': ['This email is taken'] },
                },
              }),
            },
            409,
          )
        : noOrganizations(),
    );
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'grace@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText('This email is taken');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(calls.filter((path) => path.startsWith('users.update'))).toHaveLength(1));
  });
});
