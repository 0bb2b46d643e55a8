import {
  archivePatientInput,
  createPatientInput,
  listPatientsInput,
  patientIdInput,
  patientLinkInput,
  updatePatientInput,
} from '@praxis/validators';
import { authedProcedure, guardedProcedure, router } from '../trpc';
import * as patients from './patients.service';

// Reads are open to every signed-in user at the door: parents read their own linked patients
// (a rule of the service, which refuses everyone else).
export const patientsRouter = router({
  list: authedProcedure.input(listPatientsInput).query(({ ctx, input }) => patients.listPatients(ctx, input)),
  get: authedProcedure.input(patientIdInput).query(({ ctx, input }) => patients.getPatient(ctx, input.id)),
  create: guardedProcedure('patients.write')
    .input(createPatientInput)
    .mutation(({ ctx, input }) => patients.createPatient(ctx, input)),
  update: guardedProcedure('patients.write')
    .input(updatePatientInput)
    .mutation(({ ctx, input }) => patients.updatePatientDetails(ctx, input)),
  archive: guardedProcedure('patients.write')
    .input(archivePatientInput)
    .mutation(({ ctx, input }) => patients.archivePatient(ctx, input)),
  link: guardedProcedure('patients.write')
    .input(patientLinkInput)
    .mutation(({ ctx, input }) => patients.linkPatientParent(ctx, input)),
  unlink: guardedProcedure('patients.write')
    .input(patientLinkInput)
    .mutation(({ ctx, input }) => patients.unlinkPatientParent(ctx, input)),
});
