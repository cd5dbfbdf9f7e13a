/** The CDS Hooks 2.0 service: discovery, hooks, cards, feedback, JWT checks and hot reload of the knowledge base. */
package org.facialcds.hooks;
