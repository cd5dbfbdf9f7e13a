/** The public API: {@link org.facialcds.FacialCds}, its configuration, results, recommendations, reasoning and errors. */
package org.facialcds;
