// The national FHIR report of § 140 genoptræning to KL Gateway (HL7 Denmark's kl-gateway-rehab, IG kl.dk.fhir.rehab
// 2.2.0, FHIR 4.0.1), as ../shared/domain/kl-gateway-rehab.md sets it out from the guide's FSH files: the profiles'
// URLs, the code systems, and every value set the app uses, with the guide's codes and displays quoted exactly. The
// report is built in backend/services/kl-gateway/ and checked against these before it is written.

export const CANONICAL = 'http://fhir.kl.dk/rehab';

/** The guide's profiles, by the name the app uses. */
export const PROFILE = {
  deliveryReport: `${CANONICAL}/StructureDefinition/klgateway-140-delivery-report`,
  incrementalDelivery: `${CANONICAL}/StructureDefinition/klgateway-140-incremental-delivery`,
  citizen: `${CANONICAL}/StructureDefinition/klgateway-140-citizen`,
  organization: `${CANONICAL}/StructureDefinition/klgateway-140-organization`,
  serviceRequest: `${CANONICAL}/StructureDefinition/klgateway-140-servicerequest`,
  focusCondition: `${CANONICAL}/StructureDefinition/klgateway-140-focus-condition`,
  condition: `${CANONICAL}/StructureDefinition/klgateway-140-condition`,
  carePlan: `${CANONICAL}/StructureDefinition/klgateway-140-care-plan`,
  plannedIntervention: `${CANONICAL}/StructureDefinition/klgateway-140-planned-intervention`,
  encounter: `${CANONICAL}/StructureDefinition/klgateway-140-encounter`,
} as const;
export type ProfileName = keyof typeof PROFILE;

/** Extensions: the guide's own (ids as SUSHI makes them from the FSH names) and the core one it uses. */
export const EXTENSION = {
  dischargeDate: `${CANONICAL}/StructureDefinition/PreconditionDate`,
  deliveryType: `${CANONICAL}/StructureDefinition/DeliveryType`,
  basedOnServiceRequest: `${CANONICAL}/StructureDefinition/BasedOnServiceRequestExtension`,
  basedOnCarePlan: `${CANONICAL}/StructureDefinition/BasedOnCarePlanExtension`,
  statusReason: 'http://hl7.org/fhir/StructureDefinition/request-statusReason',
} as const;

/** The name (its $id, never fetched) of HL7's JSON schema for FHIR R4, which the report is checked against. */
export const R4_SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

export const SYSTEM = {
  cpr: 'urn:oid:1.2.208.176.1.2',
  sor: 'urn:oid:1.2.208.176.1.1',
  kombitOrg: 'https://kombit.dk/sts/organisation',
  sksD: 'urn:oid:1.2.208.176.2.4.12',
  careSocial: 'http://fhir.kl.dk/term/CodeSystem/CareSocialCodes',
  fsiii: 'urn:oid:1.2.208.176.2.21',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
} as const;

type ValueSet<K extends string> = Record<K, { code: string; display: string }>;

/** ServiceTypes140: the one service. */
export const SERVICE_TYPE = { code: '7fc66c15-0cb3-4c89-9e18-f3a01e6a6592', display: 'Kommunal genoptræning efter sygehusophold' } as const;

/** ServiceRequestTypes140: Basal or Avanceret goes as a second category next to Almen. */
export const SERVICE_REQUEST_TYPES = {
  almen: { code: 'ffd81f78-352e-4589-a195-5350dd1df2a4', display: 'Almen' },
  basal: { code: '8b962281-2ab6-4b10-9c91-4bac592d6d49', display: 'Basal' },
  avanceret: { code: 'b679c454-2da2-46dd-9425-0e52d4aa2bf3', display: 'Avanceret' },
  specialiseret: { code: '0c8e2bfc-1350-45d1-90da-c07e2645d073', display: 'Specialiseret' },
  rehabilitering: { code: '83c89857-8fb8-4163-97b1-eb1a56345c29', display: 'Rehabilitering' },
} as const satisfies ValueSet<string>;

/** ServiceRequestStatusReasons140: why there was no activity within the seven days (the guide's spelling kept). */
export const NO_CONTACT_REASONS = {
  udskudt: { code: 'a8632e22-bf0c-4f5a-92a7-70977ba104d5', display: 'Udskudt' },
  anden_kommune: { code: 'f64b8f5e-8ced-4a8b-ab73-8994fb524915', display: 'Anden kommmune' },
  frit_valg: { code: '3796fa11-305f-47d6-b164-45b05489afb2', display: 'Frit valg' },
  fejl: { code: '8ac7be88-5d16-4dbd-a61a-ab02673f4b34', display: 'Fejl' },
  frit_valg_afslaaet: { code: '46a6bc1f-bfe8-4390-a71f-44ad4a384b9d', display: 'Frit valg afslået' },
} as const satisfies ValueSet<string>;
export type NoContactReason = keyof typeof NO_CONTACT_REASONS;
export const NO_CONTACT_REASON_KEYS = Object.keys(NO_CONTACT_REASONS) as [NoContactReason, ...NoContactReason[]];
/** How the window names them (the guide's display, its typo mended). */
export const NO_CONTACT_REASON_LABELS: Record<NoContactReason, string> = {
  udskudt: 'Udskudt (senere startdato)',
  anden_kommune: 'Anden kommune',
  frit_valg: 'Frit valg',
  fejl: 'Fejl (GGOP sendt ved en fejl)',
  frit_valg_afslaaet: 'Frit valg afslået',
};

/** CarePlanCategories140. */
export const CARE_PLAN_CATEGORIES = {
  opfoelgningsforloeb: { code: '4863001e-14c7-4be8-a2da-e4f21a4b6ac4', display: 'Opfølgningsforløb efter §140' },
  interventionsforloeb: { code: 'f15b2663-94d9-4d0c-a5de-d8bd8e1e4ebb', display: 'Interventionsforløb efter §140' },
} as const satisfies ValueSet<string>;
export type CarePlanCategory = keyof typeof CARE_PLAN_CATEGORIES;
export const CARE_PLAN_CATEGORY_KEYS = Object.keys(CARE_PLAN_CATEGORIES) as [CarePlanCategory, ...CarePlanCategory[]];

/** CancellationTypes: the app's five end reasons map one to one. */
export const CANCELLATION_TYPES = {
  haendelse_ophoer: { code: '82e99421-31da-4915-96ed-168ccfa1d20c', display: 'Hændelse medfører ophør' },
  ikke_behov_borger: { code: '4bbf6d6a-a1c6-41c2-b8c1-7352b7378adf', display: 'Ikke yderligere behov (borger-vurderet)' },
  ikke_behov_fagperson: { code: 'a63b6aa6-7d56-4e67-a5b3-d73f6d262af5', display: 'Ikke yderligere behov (fagperson-vurderet)' },
  udeblevet: { code: 'ef491570-7884-4acd-bcf7-43d6b2c64762', display: 'Borger har ikke henvendt sig eller er udeblevet' },
  aktivt_fravalg: { code: '3a5a72b7-addf-4857-b80c-04e4246e3072', display: 'Aktivt fravalg' },
} as const satisfies ValueSet<string>;

/** DeliveryTypes140. */
export const DELIVERY_TYPES = {
  gruppe: { code: '2865f123-15a7-4a36-a514-32ea37c400ca', display: 'Gruppebaseret indsats' },
  individuel: { code: '8d12d74c-17da-47a7-a4fe-e69dbaec0a8c', display: 'Individuel indsats' },
  robot: { code: '34cdd6ab-3da9-49e8-84dc-1cbf683d4fcf', display: 'Robot leverer indsats' },
  digital: { code: '284857a4-5e91-499a-a001-64d7f0b7038a', display: 'Digital levering af indsats' },
} as const satisfies ValueSet<string>;

/** EncounterClassCodes: v3-ActEncounterCode plus the guide's two. HH for the citizen's home, AMB for the kommune's places. */
export const ENCOUNTER_CLASSES = {
  AMB: { system: SYSTEM.actCode, code: 'AMB', display: 'ambulatory' },
  HH: { system: SYSTEM.actCode, code: 'HH', display: 'home health' },
  skaerm: { system: SYSTEM.careSocial, code: '124be95d-6924-4609-9d2a-e7c73ae3ab3d', display: 'Skærmbesøg' },
  telefon: { system: SYSTEM.careSocial, code: '1b55a4b0-1156-4f58-b2df-b5c6014d9048', display: 'Telefonisk' },
} as const;
export type EncounterClass = keyof typeof ENCOUNTER_CLASSES;
export const CONTACT_CLASS_KEYS = Object.keys(ENCOUNTER_CLASSES) as [EncounterClass, ...EncounterClass[]];
/** How the window names them. */
export const CONTACT_CLASS_LABELS: Record<EncounterClass, string> = {
  AMB: 'Fremmøde (kommunens sted)',
  HH: 'I borgerens hjem',
  skaerm: 'Skærmbesøg',
  telefon: 'Telefonisk',
};

/** KLTrainingInterventionsFSIII, with whether an intervention may, must or must not have basedOn (the invariants). */
export const FSIII_INTERVENTIONS = {
  udredning: { code: '1130ad70-6553-490d-87f8-5e8941687a0c', display: 'Terapeutfaglig udredning', basedOn: 'nej' },
  koordinering: { code: 'ba3e17bd-d4aa-4848-acad-25adc8285c19', display: 'Koordinering og kommunikation', basedOn: 'nej' },
  opfoelgning: { code: '571fa7da-a155-4a84-b780-ef19170d48a0', display: 'Opfølgning', basedOn: 'kan' },
  fysisk: { code: '2abe20c7-c0b4-41c1-b397-52acf36499ef', display: 'Fysisk træning', basedOn: 'skal' },
  funktion: { code: '58293f63-00d7-4730-8dbc-c784d40f9e23', display: 'Funktionstræning', basedOn: 'skal' },
  adl: { code: '7f825e3e-1a5c-4249-bf41-9f7171fb6b8a', display: 'ADL-træning', basedOn: 'skal' },
  kognitiv: { code: '2c661159-1bb3-4af2-bdf1-f3a9927a99e2', display: 'Kognitiv træning', basedOn: 'skal' },
  psykomotorisk: { code: '8d714c98-f23a-4722-8a2f-85c162fe4840', display: 'Psykomotorisk træning', basedOn: 'skal' },
  vejledning: { code: '66fb32c9-ecc3-484b-be49-f20094be237c', display: 'Vejledning og undervisning', basedOn: 'skal' },
  manuel: { code: 'f8ac963c-6ec5-4ec5-bd90-a22fea4e2d16', display: 'Manuel behandling', basedOn: 'skal' },
} as const;
export type FsiiiIntervention = keyof typeof FSIII_INTERVENTIONS;

/** The values of a value set (its codes), for the validator. */
export function codesOf(vs: Record<string, { code: string }>): Set<string> {
  return new Set(Object.values(vs).map((v) => v.code));
}

/** ServiceRequest.category for a GOP type: Almen with Basal or Avanceret, or Specialiseret, or Rehabilitering. */
export function gopCategories(gopType: string): { code: string; display: string }[] {
  switch (gopType) {
    case 'almen_basal':
      return [SERVICE_REQUEST_TYPES.almen, SERVICE_REQUEST_TYPES.basal];
    case 'almen_avanceret':
      return [SERVICE_REQUEST_TYPES.almen, SERVICE_REQUEST_TYPES.avanceret];
    case 'specialiseret':
      return [SERVICE_REQUEST_TYPES.specialiseret];
    default:
      return [SERVICE_REQUEST_TYPES.rehabilitering];
  }
}

/** The settings of the report, with their defaults (from the domain notes). */
export interface KlSettings {
  /** The kommune's own SOR code: Patient.managingOrganization. No default. */
  kommuneSor: string;
  /** The training centre's SOR code: the performer of a forløb whose ydelser name no place with a SOR code. */
  performerSor: string;
  /** A ydelse's default start (HH:MM, Danish local time) and length, where it has no time of its own. */
  contactStart: string;
  contactMinutes: number;
  /** Tillægskoder that mean hold (group) training: such a forløb is delivered "Gruppebaseret". */
  holdCodes: string[];
  /** The FSIII intervention of the training, per SKS ydelseskode; others get `defaultIntervention`. */
  interventionBySks: Record<string, FsiiiIntervention>;
  defaultIntervention: FsiiiIntervention;
}

export const DEFAULT_KL_SETTINGS: KlSettings = {
  kommuneSor: '',
  performerSor: '',
  contactStart: '09:00',
  contactMinutes: 60,
  holdCodes: [],
  interventionBySks: {},
  defaultIntervention: 'fysisk',
};
