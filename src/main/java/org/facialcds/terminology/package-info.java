/** Codes to facts: SNOMED CT, ICD-10-CM and RxNorm codes and drug names mapped to condition words and drug classes. */
package org.facialcds.terminology;
