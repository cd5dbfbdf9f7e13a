/** FHIR R4 resources, bundles and CDS Hooks prefetch in, patient-facts JSON (patient-facts.md) out. */
package org.facialcds.fhir;
