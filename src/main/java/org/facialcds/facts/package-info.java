/** The fact model the rules match (input facts, policy, derived conclusions) and the JSON mapping of the input contract. */
package org.facialcds.facts;
