import { DefaultValueConverter, GrammarAST, GrammarUtils, ValueConverter, type CstNode, type ValueType } from 'langium';

type Conversion = (input: string) => ValueType;

const AS_IS: Conversion = input => input;

/**
 * Langium's value converter, with the conversion of each grammar element
 * found once. Langium's looks it up at every token: the rule behind the
 * element, its name upper-cased, then for a data type rule its return type,
 * worked out through the grammar each time. The grammar does not change, so
 * the answer per element does not either; the conversions are Langium's own.
 */
export class ArchValueConverter extends DefaultValueConverter {
    private readonly conversions = new Map<unknown, Conversion>();

    override convert(input: string, cstNode: CstNode): ValueType {
        const feature = cstNode.grammarSource;
        let conversion = this.conversions.get(feature);
        if (!conversion) {
            conversion = this.conversionOf(feature);
            this.conversions.set(feature, conversion);
        }
        return conversion(input);
    }

    /** What DefaultValueConverter.convert and runConverter do for an element, as a function of the text alone. */
    private conversionOf(element: GrammarAST.AbstractElement | undefined): Conversion {
        let feature = element;
        if (GrammarAST.isCrossReference(feature)) feature = GrammarUtils.getCrossReferenceTerminal(feature);
        if (!GrammarAST.isRuleCall(feature)) return AS_IS;
        const rule = feature.rule.ref;
        if (!rule) throw new Error('This cst node was not parsed by a rule.');
        switch (rule.name.toUpperCase()) {
            case 'INT': return ValueConverter.convertInt;
            case 'STRING': return ValueConverter.convertString;
            case 'ID': return ValueConverter.convertID;
        }
        switch (GrammarUtils.getRuleType(rule)?.toLowerCase()) {
            case 'number': return ValueConverter.convertNumber;
            case 'boolean': return ValueConverter.convertBoolean;
            case 'bigint': return ValueConverter.convertBigint;
            case 'date': return ValueConverter.convertDate;
            default: return AS_IS;
        }
    }
}
